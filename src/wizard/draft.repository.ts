import type { Knex } from 'knex';
import type { Answers } from './wizard.js';

export interface Draft {
  id: string;
  answers: Answers;
  submittedAt: Date | null;
  resultPath: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const columns = { id: 'id', answers: 'answers', submittedAt: 'submitted_at', resultPath: 'result_path' };

/** Wizard drafts, always read through their owner: another owner's draft id is not found. */
export class DraftRepository {
  constructor(private readonly db: Knex) {}

  /** Runs `work` in one transaction: a submit locks its draft and writes what it creates in it. */
  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async create(wizard: string, owner: string, answers: Answers = {}): Promise<string> {
    const [row] = await this.db('wizard_drafts')
      .insert({ wizard, owner, answers: JSON.stringify(answers) })
      .returning<{ id: string }[]>('id');
    if (!row) throw new Error('draft insert returned no row');
    return row.id;
  }

  async find(
    wizard: string,
    owner: string,
    id: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<Draft | undefined> {
    if (!UUID.test(id)) return undefined;
    return db('wizard_drafts').where({ id, wizard, owner }).first(columns);
  }

  async findForUpdate(
    trx: Knex.Transaction,
    wizard: string,
    owner: string,
    id: string,
  ): Promise<Draft | undefined> {
    if (!UUID.test(id)) return undefined;
    return trx('wizard_drafts').where({ id, wizard, owner }).forUpdate().first(columns);
  }

  async saveAnswers(id: string, answers: Answers): Promise<void> {
    await this.db('wizard_drafts')
      .where({ id })
      .whereNull('submitted_at')
      .update({ answers: JSON.stringify(answers), updated_at: this.db.fn.now() });
  }

  async markSubmitted(trx: Knex.Transaction, id: string, resultPath: string): Promise<void> {
    await trx('wizard_drafts')
      .where({ id })
      .update({ submitted_at: trx.fn.now(), result_path: resultPath, updated_at: trx.fn.now() });
  }

  /** The newest unsubmitted draft of this owner, to resume. */
  async latestOpen(wizard: string, owner: string): Promise<Draft | undefined> {
    return this.db('wizard_drafts')
      .where({ wizard, owner })
      .whereNull('submitted_at')
      .orderBy('updated_at', 'desc')
      .first(columns);
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { formatIban, formatStructuredCommunication, normaliseBic } from '../../domain/belgian-identifiers.js';
import { viewFormat } from '../../domain/view-format.js';
import { mailTemplates, type MailData, type MailName } from './mail-templates.js';

/** A mail ready for the outbox: its subject, plain text and HTML version. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'views');
const mailDir = path.join(viewsDir, 'mail');

/**
 * What every mail template can call to write a value the Belgian way: the
 * formatters of the pages (`locals.format`), and those only mails need.
 */
const format = {
  ...viewFormat,
  iban: formatIban,
  bic: normaliseBic,
  structuredCommunication: formatStructuredCommunication,
};

type Part = 'subject' | 'text' | 'html';

/** Plain text and subject are written as they are; only the HTML version escapes. */
const asText = (value: unknown): string =>
  // As EJS writes any value: its String() form (templates pass text, numbers and dates).
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  value === undefined || value === null ? '' : String(value);

/**
 * The escape of `<%=` for the part being rendered. EJS binds a template's
 * escape when it compiles it, and a partial (the deadline phrase) serves both
 * the text and the HTML version; rendering is synchronous, so the composer
 * sets this before each render and one compiled function serves both.
 */
let escapeOfPart: (value: unknown) => string = ejs.escapeXML;

const options: ejs.Options & { async: false; client?: false } = {
  strict: true,
  _with: false,
  localsName: 'locals',
  root: viewsDir,
  // Compiled once per process: the includes in EJS's cache, the templates in `compiled` below.
  cache: true,
  async: false,
  escape: (value: unknown) => escapeOfPart(value),
};

const compiled = new Map<string, ejs.TemplateFunction>();

function render(file: string, part: Part, locals: object): string {
  let template = compiled.get(file);
  if (!template) {
    template = ejs.compile(fs.readFileSync(file, 'utf8'), { ...options, filename: file });
    compiled.set(file, template);
  }
  escapeOfPart = part === 'html' ? ejs.escapeXML : asText;
  // Template files end with a newline, as editors write them; the mail does not.
  return template(locals).replace(/\n$/, '');
}

/**
 * Renders a mail from its templates under views/mail/: `<name>.subject.ejs`
 * (one line), `<name>.text.ejs` and `<name>.html.ejs`, each placed in the shared
 * layout (`layout.text.ejs`, `layout.html.ejs`) that adds the signature. The
 * data's type is the one the template name asks for (MailData).
 */
export function composeMail<Name extends MailName>(name: Name, data: MailData[Name]): ComposedMail {
  const { signed } = mailTemplates[name];
  const locals = { ...data, format };
  const subject = render(path.join(mailDir, `${name}.subject.ejs`), 'subject', locals);
  const textBody = render(path.join(mailDir, `${name}.text.ejs`), 'text', locals);
  const htmlBody = render(path.join(mailDir, `${name}.html.ejs`), 'html', locals);
  return {
    subject,
    text: render(path.join(mailDir, 'layout.text.ejs'), 'text', { body: textBody, signed }),
    html: render(path.join(mailDir, 'layout.html.ejs'), 'html', { subject, body: htmlBody, signed }),
  };
}

import { formatDate } from '../../domain/dates.js';
import { registrationStatusLabels } from '../../domain/registration-status.js';
import { serviceLabels } from '../../domain/subsidy-terms.js';
import type { Department } from './department.repository.js';

/** Each department with its registrations as table rows. */
export function presentDepartments(departments: Department[]) {
  return departments.map((department) => ({
    id: department.id,
    name: department.name,
    contactEmail: department.contactEmail,
    registrationRows: department.registrations.map((registration) => ({
      cells: {
        service: serviceLabels[registration.service],
        number: registration.number ?? 'Nog geen nummer',
        status: registrationStatusLabels[registration.status],
        validUntil: registration.validUntil ? formatDate(registration.validUntil) : '–',
      },
    })),
  }));
}

export const registrationColumns = [
  { key: 'service', label: 'Dienst' },
  { key: 'number', label: 'Registratienummer' },
  { key: 'status', label: 'Status' },
  { key: 'validUntil', label: 'Vervaldag' },
];

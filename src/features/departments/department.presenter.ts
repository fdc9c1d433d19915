import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { registrationStatusLabels } from '../../domain/registration-status.js';
import { serviceLabels } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import type { Department, DepartmentMember, PendingInvitation } from './department.repository.js';

/** Each department with its registrations as table rows, and (head office) its members and open invitations. */
export function presentDepartments(
  departments: Department[],
  people: { members: DepartmentMember[]; invitations: PendingInvitation[] },
) {
  return departments.map((department) => ({
    id: department.id,
    name: department.name,
    contactEmail: department.contactEmail,
    editHref: paths.provider.editDepartment(department.id),
    removeAction: paths.provider.removeDepartment(department.id),
    inviteAction: paths.provider.departmentInvitations(department.id),
    registrationRows: department.registrations.map((registration) => ({
      cells: {
        service: serviceLabels[registration.service],
        number: registration.number ?? 'Nog geen nummer',
        status: registrationStatusLabels[registration.status],
        validUntil: registration.validUntil ? formatDate(registration.validUntil) : '–',
      },
    })),
    members: people.members
      .filter((member) => member.departmentId === department.id)
      .map((member) => ({
        name: member.name,
        email: member.email ?? '–',
        since: formatDateTimeInBrussels(member.grantedAt),
        removeAction: paths.provider.removeDepartmentMember(department.id, member.personId),
      })),
    invitations: people.invitations
      .filter((invitation) => invitation.departmentId === department.id)
      .map((invitation) => ({
        email: invitation.email,
        sent: formatDateTimeInBrussels(invitation.createdAt),
        validUntil: formatDateTimeInBrussels(invitation.expiresAt),
        revokeAction: paths.provider.revokeDepartmentInvitation(invitation.id),
      })),
  }));
}

export const registrationColumns = [
  { key: 'service', label: 'Dienst' },
  { key: 'number', label: 'Registratienummer' },
  { key: 'status', label: 'Status' },
  { key: 'validUntil', label: 'Vervaldag' },
];

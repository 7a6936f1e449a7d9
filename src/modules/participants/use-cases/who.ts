import type { MaybeActor } from '../../access/policy';

/**
 * Who changes participant records: a signed-in actor (policy checked), or `null` = the system
 * itself (the command line, `via` names the operating-system user in the audit trail).
 */
export interface ParticipantWriter {
  actor: MaybeActor;
  via?: string;
}

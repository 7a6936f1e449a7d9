import type { Executor } from '../../../platform/db/client';
import { getDistrict } from '../../districts/service';
import { getCurrentTemplate } from '../../templates/service';
import { type AgreementDocument, composeAgreement } from '../documents';
import type { AgreementInterchange } from '../schema';

/**
 * The document model of an agreement content with the current (editable) template of its year –
 * the same one the agreement page shows for versions without a recorded template. Throws
 * TEMPLATE_MISSING for a year without template.
 */
export async function composeContent(db: Executor, content: AgreementInterchange): Promise<AgreementDocument> {
  const district = await getDistrict(db, content.district.ags);
  const template = await getCurrentTemplate(db, content.year);
  return composeAgreement({ agreement: content, district, template: template.content });
}

import type { Executor } from '../../../platform/db/client';
import { getDistrict } from '../../districts/service';
import { getCurrentTemplate } from '../../templates/service';
import { type AgreementDocument, composeAgreement } from '../../documents/service';
import type { AgreementInterchange } from '../../documents/schema';

/**
 * The document model of an agreement content with the current (editable) template of its year –
 * the same one the agreement page shows for versions without a recorded template. Throws
 * TEMPLATE_MISSING for a year without template.
 */
export async function composeContent(db: Executor, content: AgreementInterchange): Promise<AgreementDocument> {
  return (await composeWithTemplate(db, content)).document;
}

/** Like composeContent, also naming the template version used (recorded on a publication). */
export async function composeWithTemplate(db: Executor, content: AgreementInterchange): Promise<{ document: AgreementDocument; templateVersionId: number }> {
  const district = await getDistrict(db, content.district.ags);
  const template = await getCurrentTemplate(db, content.year);
  return { document: composeAgreement({ agreement: content, district, template: template.content }), templateVersionId: template.id };
}

import type { Executor } from '../../../platform/db/client';
import { getDistrict } from '../../districts/service';
import { type AgreementDocument, composeAgreement, defaultTemplate } from '../documents';
import type { AgreementInterchange } from '../schema';

/**
 * The document model of an agreement content. Uses the seed template of the year; once year
 * templates are editable (templates module) this is the one place to read the stored one.
 */
export async function composeContent(db: Executor, content: AgreementInterchange): Promise<AgreementDocument> {
  const district = await getDistrict(db, content.district.ags);
  return composeAgreement({ agreement: content, district, template: defaultTemplate(content.year) });
}

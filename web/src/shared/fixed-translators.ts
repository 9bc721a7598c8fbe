import i18next, { type TFunction } from 'i18next';

type Resource = Record<string, unknown>;

/** A translator fixed to each language, over one feature's resources, for tests of text helpers. */
export async function fixedTranslators(zhCN: Resource, en: Resource): Promise<{ zh: TFunction; english: TFunction }> {
  const i = i18next.createInstance();
  await i.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
  return { zh: i.getFixedT('zh-CN'), english: i.getFixedT('en') };
}

// The renderer's as-you-type rules, with the real contract schemas and the real locale files:
// quantities (produced is derived; scrap needs reasons that do not exceed it), a cell's custom
// fields (required, range, options), and zod issues turned into words in each language.
import { describe, expect, it } from 'vitest';
import { QuantityInput } from '../../shared/contract/core-commands';
import { translate, type MessageKey, type Params } from '../../renderer/src/i18n/i18n';
import { fieldErrors } from '../../renderer/src/forms/errors';
import { quantityErrors, quantitiesFromDraft } from '../../renderer/src/forms/QuantitiesForm';
import { customErrors, customValues, type CustomFieldDef } from '../../renderer/src/forms/CustomFieldsForm';

const t = (locale: 'en' | 'nl' | 'de') => (k: MessageKey, p?: Params) => translate(locale, k, p);

describe('quantities as typed', () => {
  it('accepts good only, derives nothing the operator did not type', () => {
    expect(quantityErrors(t('en'), { good: '8' })).toEqual({});
    expect(quantitiesFromDraft({ good: '8' })).toEqual({ good: 8, scrap: 0, rework: 0, scrap_reasons: [] });
  });

  it('scrap without a reason, and reasons above the scrap, are refused in words', () => {
    expect(quantityErrors(t('en'), { good: '1', scrap: '2' }).scrap_reasons).toBe('Choose a scrap reason.');
    const lines = JSON.stringify([{ reason_id: '019a0000-0000-7000-8000-000000000001', quantity: '3' }]);
    expect(quantityErrors(t('de'), { scrap: '2', scrap_lines: lines }).scrap_reasons).toBe('Die Ausschussgründe ergeben 3, mehr als der Ausschuss 2.');
  });

  it('an emptied number field asks for a number, in the operator\'s language', () => {
    expect(quantityErrors(t('nl'), { good: '' }).good).toBe('Voer een getal in.');
    expect(fieldErrors(t('en'), QuantityInput, { good: -1, scrap: 0, rework: 0 }).good).toBe('At least 0.');
  });
});

describe('custom fields as typed', () => {
  const defs: CustomFieldDef[] = [
    { key: 'lot', label: 'Material lot', field_type: 'text', required: true, options: [], min_value: null, max_value: null },
    { key: 'sheets', label: 'Sheets', field_type: 'number', required: false, options: [], min_value: 0, max_value: 500 },
    { key: 'tool', label: 'Tool', field_type: 'select', required: false, options: ['V12', 'V16'], min_value: null, max_value: null },
    { key: 'ok', label: 'Checked', field_type: 'boolean', required: false, options: [], min_value: null, max_value: null },
  ];

  it('names each wrong field with its reason', () => {
    expect(customErrors(t('en'), defs, { cf_sheets: '900', cf_tool: 'V99' })).toEqual({ lot: 'Required.', sheets: 'At most 500.', tool: 'Not valid.' });
  });

  it('turns a valid draft into typed values and leaves empty optional fields out', () => {
    const d = { cf_lot: 'L-1', cf_sheets: '12', cf_ok: 'true', cf_tool: '' };
    expect(customErrors(t('en'), defs, d)).toEqual({});
    expect(customValues(defs, d)).toEqual({ lot: 'L-1', sheets: 12, ok: true });
  });
});

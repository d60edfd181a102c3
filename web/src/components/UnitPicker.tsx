// Chooses the unit a user is scoped to: a search box over GET /api/v1/units
// and the chosen unit above it.  No unit chosen means nationwide, which only
// a national admin may give (the server answers 403 out_of_scope otherwise).
import { useEffect, useRef, useState } from 'preact/hooks';
import { listUnits, type Tree, type Unit } from '../api';
import { useI18n } from '../i18n';
import { unitType, useAsync } from '../util';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';

export interface PickedUnit {
  code: string;
  tree?: Tree;
  name?: string;
  type?: string;
  parent_code?: string | null;
}

interface Props {
  id: string;                    // the search box's id, for the field's <label>
  value: PickedUnit | null;
  onChange: (u: PickedUnit | null) => void;
  allowNational: boolean;        // may the caller leave it empty?
  tree?: Tree | null;            // search this tree (the admin's own), else the server's default
  scopeName?: string;            // the admin's own unit, for the hint
  describedBy?: string;          // id of the field's error message
  invalid?: boolean;
}

const PICK_PAGE = 12;
const DEBOUNCE_MS = 250;

export function UnitPicker({ id, value, onChange, allowNational, tree, scopeName, describedBy, invalid }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const r = useAsync(() => (q ? listUnits({ q, tree, page_size: PICK_PAGE }) : Promise.resolve(null)), [q, tree]);

  function search(v: string, now = false) {
    setText(v);
    window.clearTimeout(timer.current);
    if (now) setQ(v.trim());
    else timer.current = window.setTimeout(() => setQ(v.trim()), DEBOUNCE_MS);
  }

  function pick(u: Unit) {
    onChange({ code: u.code, tree: u.tree, name: u.name, type: u.type, parent_code: u.parent_code });
    search('', true);
  }

  const hintId = `${id}-hint`;
  const items = q && r.data && !r.loading ? r.data.items : null;
  return (
    <div class="picker" data-testid="unit-picker">
      <div class={value ? 'picker-value chosen' : 'picker-value'} data-testid="picker-value">
        {value
          ? <>
              <span class="picker-chosen">
                <span class="unit-name">{value.name ?? value.code}</span>
                <span class="unit-meta">
                  {value.type && <>{unitType(t, value.type)} · </>}
                  <span class="code">{value.code}</span>
                  {value.tree && <> · {t('picker.tree', { tree: value.tree })}</>}
                </span>
              </span>
              <button type="button" class="btn btn-small" data-testid="picker-clear"
                aria-label={t('picker.clear.label', { name: value.name ?? value.code })}
                onClick={() => onChange(null)}>
                {t('picker.clear')}
              </button>
            </>
          : <span class="muted">{allowNational ? t('picker.national') : t('picker.none')}</span>}
      </div>
      <input
        id={id}
        type="search"
        autoComplete="off"
        spellcheck={false}
        placeholder={t('picker.placeholder')}
        value={text}
        aria-describedby={[allowNational && value ? '' : hintId, describedBy].filter(Boolean).join(' ') || undefined}
        aria-invalid={invalid || undefined}
        aria-controls={`${id}-results`}
        data-testid="picker-search"
        onInput={(e) => search(e.currentTarget.value)}
        onKeyDown={(e) => {
          // Enter picks the first match instead of submitting the form.
          if (e.key === 'Enter') {
            e.preventDefault();
            if (items?.[0]) pick(items[0]);
            else search(text, true);
          } else if (e.key === 'Escape' && text) {
            e.preventDefault();
            search('', true);
          }
        }}
      />
      {(!allowNational || !value) && (
        <p class="hint" id={hintId}>
          {allowNational ? t('picker.hint.national') : t('picker.hint.scoped', { name: scopeName ?? '' })}
        </p>
      )}
      <div id={`${id}-results`} aria-live="polite">
        {q && (r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !items ? <Loading />
            : items.length === 0
              ? <p class="empty" data-testid="picker-empty">{t('picker.noMatch', { q })}</p>
              : <ul class="picker-results" aria-label={t('picker.results')} data-testid="picker-results">
                  {items.map((u) => (
                    <li key={`${u.tree}-${u.code}`}>
                      <button type="button" class="picker-option" data-testid={`pick-${u.code}`} onClick={() => pick(u)}>
                        <span class="unit-name">{u.name}</span>
                        <span class="unit-meta">
                          {unitType(t, u.type)} · <span class="code">{u.code}</span>
                          {u.parent_code && <> · {t('picker.parent', { code: u.parent_code })}</>}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>)}
      </div>
    </div>
  );
}

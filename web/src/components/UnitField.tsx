// A unit chosen by typing its name (GET /api/v1/units?q=), for the case
// pages: the commune of a call, a person's address, where to refer or
// transfer a case, a list filter.  Like UnitPicker, with its own wording and
// test ids named after the field (ID-search, ID-pick-CODE, ID-value), so
// several can share a page; arrow keys move through the matches.
import { useEffect, useRef, useState } from 'preact/hooks';
import { listUnits, type Tree, type Unit } from '../api';
import { useI18n } from '../i18n';
import { unitType, useAsync } from '../util';
import type { PickedUnit } from './UnitPicker';
import { ErrorBox } from './ErrorBox';

interface Props {
  id: string;
  value: PickedUnit | null;
  onChange: (u: PickedUnit | null) => void;
  tree?: Tree | null;
  emptyText: string;        // shown while nothing is chosen
  hint?: string;
  describedBy?: string;
  invalid?: boolean;
  clearable?: boolean;      // default true
  compact?: boolean;        // one line: the search box, or the chosen unit with its clear button
  communes?: boolean;       // only communes and wards (level 3 of 2024, 2 of 2025; tree needed)
}

const PICK_PAGE = 8;
const DEBOUNCE_MS = 250;

export function UnitField({ id, value, onChange, tree, emptyText, hint, describedBy, invalid, clearable = true, compact, communes }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const level = communes && tree ? (tree === '2025' ? 2 : 3) : undefined;
  const r = useAsync(() => (q ? listUnits({ q, tree, level, page_size: PICK_PAGE }) : Promise.resolve(null)), [q, tree, level]);

  function search(v: string, now = false) {
    setText(v);
    window.clearTimeout(timer.current);
    if (now) setQ(v.trim());
    else timer.current = window.setTimeout(() => setQ(v.trim()), DEBOUNCE_MS);
  }

  function pick(u: Unit) {
    onChange({ code: u.code, tree: u.tree, name: u.name, type: u.type, parent_code: u.parent_code });
    search('', true);
    window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  function optionKeys(e: KeyboardEvent) {
    const opts = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = opts.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); opts[Math.min(i + 1, opts.length - 1)]?.focus(); }
    if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (i <= 0) document.getElementById(id)?.focus(); else opts[i - 1]?.focus();
    }
    if (e.key === 'Escape') { e.preventDefault(); search('', true); document.getElementById(id)?.focus(); }
  }

  const items = q && r.data && !r.loading ? r.data.items : null;
  const hintId = `${id}-hint`;
  return (
    <div class={compact ? 'unitfield compact' : 'unitfield'}>
      {(!compact || value) && <div class={value ? 'picker-value chosen' : 'picker-value'} data-testid={`${id}-value`}>
        {value
          ? <>
              <span class="picker-chosen">
                <span class="unit-name">{value.name ?? value.code}</span>
                <span class="unit-meta">
                  {value.type && <>{unitType(t, value.type)} · </>}<span class="code">{value.code}</span>
                </span>
              </span>
              {clearable && (
                <button type="button" class="btn btn-small" data-testid={`${id}-clear`}
                  aria-label={t('picker.clear.label', { name: value.name ?? value.code })} onClick={() => onChange(null)}>
                  {t('picker.clear')}
                </button>
              )}
            </>
          : <span class="muted">{emptyText}</span>}
      </div>}
      {!(compact && value) && <input id={id} type="search" autoComplete="off" spellcheck={false} value={text}
        placeholder={value ? t('unitfield.change') : compact ? emptyText : t('picker.placeholder')}
        aria-describedby={[hint ? hintId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={invalid || undefined} aria-controls={`${id}-results`} data-testid={`${id}-search`}
        onInput={(e) => search(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (items?.[0]) pick(items[0]); else search(text, true);
          } else if (e.key === 'ArrowDown' && items?.length) {
            e.preventDefault();
            list.current?.querySelector<HTMLButtonElement>('button')?.focus();
          } else if (e.key === 'Escape' && text) {
            e.preventDefault();
            search('', true);
          }
        }} />}
      {hint && <p class="hint" id={hintId}>{hint}</p>}
      <div id={`${id}-results`} aria-live="polite">
        {q && (r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !items ? <p class="loading" aria-busy="true">{t('app.loading')}</p>
            : items.length === 0
              ? <p class="empty">{t('picker.noMatch', { q })}</p>
              : <ul class="picker-results" ref={list} aria-label={t('picker.results')} onKeyDown={optionKeys}>
                  {items.map((u) => (
                    <li key={`${u.tree}-${u.code}`}>
                      <button type="button" class="picker-option" data-testid={`${id}-pick-${u.code}`} onClick={() => pick(u)}>
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

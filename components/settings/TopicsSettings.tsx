import { t } from '@/lib/i18n';
import type { Settings } from '@/lib/settings';
import { FieldError } from '../FieldError';
import { SaveBar } from './SaveBar';
import { useSettingsSection } from './useSettingsSection';

/** A topic as typed: the keywords as one comma-separated line. */
interface TopicDraft {
  label: string;
  keywords: string;
}

const toDraft = (settings: Settings): TopicDraft[] =>
  (settings.engagementTopics ?? []).map((topic) => ({ label: topic.label, keywords: topic.keywords.join(', ') }));

/** Blank rows are dropped; the rest goes to the schema as typed (an empty label or keyword list is refused there, and shown). */
const topicsOf = (drafts: readonly TopicDraft[]) =>
  drafts
    .filter((d) => d.label.trim() || d.keywords.trim())
    .map((d) => ({
      label: d.label,
      keywords: d.keywords
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    }));

/**
 * Signals to act on (issue 15, point 4): the topics the rep posts about. A post of theirs gets the
 * labels of the topics whose keywords its text contains; a quota can then count people who engaged
 * with a post on one topic ("commented on retirement planning").
 */
export function TopicsSettings({ initial, onSaved }: { initial: Settings; onSaved: (s: Settings) => void }) {
  const { draft, update, dirty, status, save, saveLabel, errorOf } = useSettingsSection({
    section: 'topics',
    initial: { topics: toDraft(initial) },
    patchOf: ({ topics }) => ({ engagementTopics: topicsOf(topics) }),
    onSaved,
  });
  const setTopic = (index: number, patch: Partial<TopicDraft>) =>
    update({ topics: draft.topics.map((topic, i) => (i === index ? { ...topic, ...patch } : topic)) });
  const error = errorOf('engagementTopics');
  return (
    <section id="topics" aria-labelledby="topics-title">
      <h2 id="topics-title">{t('topicsTitle')}</h2>
      <p className="muted">{t('topicsHint')}</p>
      {draft.topics.map((topic, index) => (
        <div className="topic-row" key={index} data-testid="topic-row">
          <label>
            {t('topicLabel')}
            <input
              value={topic.label}
              maxLength={60}
              onChange={(e) => setTopic(index, { label: e.target.value })}
              data-testid="topic-label"
            />
          </label>
          <label>
            {t('topicKeywords')}
            <input value={topic.keywords} onChange={(e) => setTopic(index, { keywords: e.target.value })} data-testid="topic-keywords" />
          </label>
          <button type="button" className="secondary small" onClick={() => update({ topics: draft.topics.filter((_, i) => i !== index) })}>
            {t('remove')}
          </button>
        </div>
      ))}
      <FieldError id="topics-error" message={error} />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => update({ topics: [...draft.topics, { label: '', keywords: '' }] })}
          data-testid="add-topic"
        >
          {t('addTopic')}
        </button>
      </div>
      <SaveBar section="topics" label={saveLabel} status={status} dirty={dirty} onSave={() => void save()} />
    </section>
  );
}

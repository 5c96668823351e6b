import React, { useEffect, useRef } from 'react';
import { Box, Text } from '@adminjs/design-system';

/** Mention colours per kind; the legend of ArticleText uses the same. */
export const MENTION_COLOURS = { party: '#cfe0ff', person: '#e6d4ff', date: '#d3f2d8', amount: '#ffe2bf', count: '#eeeeee' };

/** The text cut into plain runs and mention runs (mentions never overlap: the finder keeps the longest). */
const segmentsOf = (text, mentions) => {
  const segments = [];
  let at = 0;
  for (const mention of [...mentions].sort((a, b) => a.start - b.start)) {
    if (mention.start < at || mention.end > text.length) continue;
    if (mention.start > at) segments.push({ text: text.slice(at, mention.start) });
    segments.push({ text: text.slice(mention.start, mention.end), mention });
    at = mention.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
};

/** Offsets of the selection in the box's text: counted on the text nodes, so mention marks do not shift them. */
const selectedRange = (box) => {
  const selection = window.getSelection();
  if (!box || !selection || selection.rangeCount === 0) return undefined;
  const range = selection.getRangeAt(0);
  if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return undefined;
  const before = document.createRange();
  before.selectNodeContents(box);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
};

/**
 * An article's text in a scrollable box, mentions marked, reporting the passage the user selects in it
 * (`onSelect(quote)`, exactly as the stored text has it, outer whitespace dropped; `onSelect(null)` when it collapses).
 * A selection that collapses outside the box (clicking a button that uses it) keeps the last passage.
 */
const ArticlePassage = ({ text, mentions = [], describe = () => '', onSelect, testId = 'article-text', maxHeight = '60vh' }) => {
  const box = useRef(null);
  useEffect(() => {
    if (!onSelect) return undefined;
    const changed = () => {
      const selection = window.getSelection();
      const inside = selection?.anchorNode && box.current?.contains(selection.anchorNode);
      const range = selectedRange(box.current);
      if (range && range.end > range.start) {
        const quote = text.slice(range.start, range.end).trim();
        if (quote) onSelect(quote);
      } else if (inside) onSelect(null);
    };
    document.addEventListener('selectionchange', changed);
    return () => document.removeEventListener('selectionchange', changed);
  }, [text, onSelect]);

  return (
    <Box bg="grey20" p="lg" style={{ maxHeight, overflowY: 'auto' }}>
      <Text ref={box} style={{ whiteSpace: 'pre-wrap', lineHeight: 1.6, overflowWrap: 'anywhere' }} data-testid={testId}>
        {segmentsOf(text, mentions).map((segment, index) =>
          segment.mention ? (
            <mark
              key={index}
              title={describe(segment.mention)}
              data-testid={`mention-${segment.mention.kind}`}
              style={{ background: MENTION_COLOURS[segment.mention.kind], color: 'inherit', borderRadius: 3, padding: 0 }}
            >
              {segment.text}
            </mark>
          ) : (
            <React.Fragment key={index}>{segment.text}</React.Fragment>
          ),
        )}
      </Text>
    </Box>
  );
};

export default ArticlePassage;

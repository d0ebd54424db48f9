// A marked-up paragraph or list item (src/content/markup.ts) as React elements: its emphasis as <strong> / <em>,
// its words as text nodes. Never HTML: the markup is parsed, not injected.
import { Fragment } from 'react';
import { runsOf } from '../content/markup.ts';

export function Marked({ text }: { text: string }) {
  return (
    <>
      {runsOf(text).map((r, i) => {
        let node = <Fragment>{r.text}</Fragment>;
        if (r.em) node = <em>{node}</em>;
        if (r.strong) node = <strong>{node}</strong>;
        return <Fragment key={i}>{node}</Fragment>;
      })}
    </>
  );
}

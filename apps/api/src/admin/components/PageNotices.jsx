import React, { useEffect, useRef } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { useLocation } from 'react-router-dom';

// How long a notice may be old and still follow the user to the next page: an action's own notice ("Status changed")
// is added in the same moment AdminJS moves to the page the action leads to (one response handler, a few
// milliseconds apart), and belongs there. Anyone going on to another page by hand has had it longer than this: a
// refusal read on a form and a click on the breadcrumb within 1.5 s still carried the refusal to the list.
const CARRIED_OVER_MS = 300;

// AdminJS's notices (NoticeBox) stay their three seconds whatever the user does, so a refusal on one page («you may
// not do this here») was still shown on the next, where it was not true. These are dropped when the page changes,
// except the ones just added, which are the outcome of the action that led to the new page.
const PageNotices = (props) => {
  const { OriginalComponent } = props;
  const location = useLocation();
  const notices = useSelector((state) => state.notices);
  const dispatch = useDispatch();
  const firstSeen = useRef(new Map());
  const now = Date.now();
  for (const notice of notices) if (!firstSeen.current.has(notice.id)) firstSeen.current.set(notice.id, now);
  const page = `${location.pathname}${location.search}`;
  const previousPage = useRef(page);
  useEffect(() => {
    if (previousPage.current === page) return;
    previousPage.current = page;
    const cutoff = Date.now() - CARRIED_OVER_MS;
    for (const notice of notices) {
      if ((firstSeen.current.get(notice.id) ?? 0) < cutoff) dispatch({ type: 'DROP_NOTICE', data: { noticeId: notice.id } });
    }
    for (const id of firstSeen.current.keys()) if (!notices.some((notice) => notice.id === id)) firstSeen.current.delete(id);
  }, [page]);
  return <OriginalComponent {...props} />;
};

export default PageNotices;

import React, { useEffect, useRef } from 'react';

const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_FIELD = '_csrf';

const readCookie = (name) =>
  document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name)?.[1];

// The login form is AdminJS's plain HTML form (a full-page POST, not the panel's client), so it does not send the
// CSRF header: the token the server set as a cookie on this page goes with it as a hidden field (admin/csrf.ts).
const Login = (props) => {
  const { OriginalComponent } = props;
  const container = useRef(null);
  useEffect(() => {
    const form = container.current?.querySelector('form');
    const token = readCookie(CSRF_COOKIE);
    if (!form || !token || form.querySelector(`input[name="${CSRF_FIELD}"]`)) return;
    const field = document.createElement('input');
    field.type = 'hidden';
    field.name = CSRF_FIELD;
    field.value = decodeURIComponent(token);
    form.appendChild(field);
  });
  return (
    <div ref={container} style={{ display: 'contents' }}>
      <OriginalComponent {...props} />
    </div>
  );
};

export default Login;

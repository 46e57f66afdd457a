import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router';
import { describeRoles, displayName } from '../features/auth/roles';
import { useMe, useSession } from '../features/auth/session';
import { sectionsFor } from './navigation';

/** The signed-in frame: header with the person and sign-out, navigation, and the page. */
export function Layout() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  const [signingOut, setSigningOut] = useState(false);

  const navigationType = useNavigationType();

  // After moving to another page, start screen readers and the keyboard at its content. A
  // redirect (signing in lands on one's home, a trust leader's is the dashboard) is not a move.
  useEffect(() => {
    if (firstPage.current || navigationType === 'REPLACE') {
      firstPage.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [location.pathname, navigationType]);

  async function onSignOut() {
    if (signingOut) return;
    setSigningOut(true);
    await signOut();
    navigate('/sign-in', { replace: true });
  }

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="masthead">
        <div className="masthead__inner container">
          <NavLink to="/home" className="brand brand--link">
            <span className="brand__mark" aria-hidden="true">
              T
            </span>
            Termwise
          </NavLink>
          <div className="account">
            <p className="account__who">
              <span className="account__name">{displayName(me)}</span>
              <span className="visually-hidden">, </span>
              <span className="account__role">{describeRoles(me)}</span>
            </p>
            <button type="button" className="button button--on-dark" onClick={onSignOut} aria-disabled={signingOut}>
              {signingOut ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
      </header>
      <nav className="primary-nav" aria-label="Main">
        <ul className="primary-nav__list container">
          {sectionsFor(me).map((section) => (
            <li key={section.path}>
              <NavLink to={section.path} className="primary-nav__link">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className="page container">
        <Outlet />
      </main>
      <footer className="footer">
        <div className="container">Termwise · the termly school-improvement cycle</div>
      </footer>
    </div>
  );
}

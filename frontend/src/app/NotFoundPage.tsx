import { Link } from 'react-router';
import { MESSAGES } from '../lib/problems';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <>
      <h1 className="page-header__title">Page not found</h1>
      <div className="panel">
        <p>{MESSAGES.notFound}</p>
        <p>
          <Link to="/schools">Go to your schools</Link>
        </p>
      </div>
    </>
  );
}

import type { ReactNode } from 'react';

/** The frame of the pages a person reaches before signing in: a brand and one card. */
export function PublicFrame({ title, children, after }: { title: string; children: ReactNode; after?: ReactNode }) {
  return (
    <div className="sign-in">
      <header className="sign-in__header">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true">
            T
          </span>
          Termwise
        </span>
      </header>
      <main id="main" className="sign-in__main">
        <div className="card sign-in__card">
          <h1 className="sign-in__title">{title}</h1>
          {children}
        </div>
        {after}
      </main>
    </div>
  );
}

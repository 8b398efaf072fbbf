import { Link } from 'wouter';

export function BrandMark() {
  return (
    <svg className="brand__mark" aria-hidden="true" width="24" height="24" viewBox="0 0 32 32">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path
        d="M10 20.5c1.5 1.1 3.4 1.7 5.8 1.7 3.2 0 5.2-1.4 5.2-3.6 0-2-1.4-2.9-4.4-3.6-2.2-.5-2.9-.9-2.9-1.7 0-.8.8-1.3 2.1-1.3 1.4 0 2.6.4 3.6 1.2l1.3-1.9c-1.3-1-2.9-1.5-4.9-1.5-2.9 0-4.9 1.5-4.9 3.7 0 2.1 1.5 3 4.4 3.6 2.1.5 2.8.9 2.8 1.7 0 .9-.9 1.4-2.4 1.4-1.7 0-3.1-.5-4.4-1.6z"
        fill="#fff"
      />
    </svg>
  );
}

/** The portal's name, linking home. */
export function Brand({
  label = 'Studio portal',
  href = '/',
}: {
  readonly label?: string;
  readonly href?: string;
}) {
  return (
    <Link href={href} className="brand">
      <BrandMark />
      <span>{label}</span>
    </Link>
  );
}

export function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

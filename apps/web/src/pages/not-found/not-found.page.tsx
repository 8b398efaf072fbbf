import { Link } from 'wouter';
import { PublicLayout } from '../../layout/public-layout';
import { useDocumentTitle } from '../../ui/document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <PublicLayout title="Page not found" lead="There is no page at this address.">
      <Link href="/" className="button button--secondary button--block">
        Go to the home page
      </Link>
    </PublicLayout>
  );
}

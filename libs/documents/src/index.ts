// @netral/documents — evidence files and official letters of a case: content-type sniffing, content-
// addressed storage (PostgreSQL or S3), the attached-documents read model, letter templates and the PDFs
// (letters and the berkas). Used by the API; the worker only adds the projection to its event store.
export * from './content-type';
export * from './hash';
export * from './schema';
export * from './projection';
export * from './config';
export * from './document-repository';
export * from './store/blob-store';
export * from './store/s3-blob-store';
export * from './letters/templates';
export * from './letters/terbilang';
export * from './letters/letter-context';
export * from './letters/letters';
export * from './fact-names';
export * from './berkas';

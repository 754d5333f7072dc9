/**
 * One page of a paged listing. Walking pages by passing `nextPageToken` back returns every item
 * exactly once, in the listing's documented order, as long as nothing is deleted meanwhile.
 */
export interface PageV1<Item> {
  /** The items of this page, at most the requested page size. */
  readonly items: readonly Item[];
  /** Opaque token for the next page; `undefined` on the last page. */
  readonly nextPageToken?: string;
}

/** Paging input shared by every listing. */
export interface PageRequestV1 {
  /** Maximum items per page, 1 … 10,000; default 100. Out of range → `INVALID_ARGUMENT`. */
  readonly pageSize?: number;
  /** A `nextPageToken` from the previous page; a token from another query → `INVALID_ARGUMENT`. */
  readonly pageToken?: string;
}

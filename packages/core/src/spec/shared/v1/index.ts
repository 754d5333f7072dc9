export type { CsrMatrix, Label, Matrix, MatrixLike } from './matrix';
export type { PageRequestV1, PageV1 } from './page';

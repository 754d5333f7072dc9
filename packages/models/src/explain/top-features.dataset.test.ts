import { Dataset } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { MultinomialNB } from '../naive-bayes/multinomial-nb';
import { Pipeline } from '../pipeline/pipeline';
import { ColumnTransformer } from '../preprocessing/column-transformer';
import { TfidfVectorizer } from '../text/tfidf-vectorizer';
import { topFeatures } from './top-features';

describe('a text column of a Dataset through ColumnTransformer → MultinomialNB', () => {
  it('vectorises the column by name, predicts, and names the terms', () => {
    const rows = [
      { message: 'WINNER! claim your free prize now', label: 'spam' },
      { message: 'lunch at noon?', label: 'ham' },
      { message: 'free cash prize, call now', label: 'spam' },
      { message: 'see you at noon', label: 'ham' },
    ];
    const data = Dataset.fromObjects(rows.map(({ message }) => ({ message })));
    const pipeline = new Pipeline({
      steps: [
        [
          'features',
          new ColumnTransformer({
            transformers: [{ name: 'text', transformer: new TfidfVectorizer(), columns: 'message' }],
          }),
        ],
        ['nb', new MultinomialNB()],
      ],
    });
    pipeline.fit(
      data,
      rows.map((row) => row.label),
    );
    const query = Dataset.fromObjects([{ message: 'free prize' }]);
    expect(pipeline.predict(query)).toEqual(['spam']);
    const why = topFeatures(pipeline, query, 2);
    expect(why.supporting.map((term) => term.name).sort()).toEqual(['text__free', 'text__prize']);
  });
});

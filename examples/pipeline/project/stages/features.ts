/** features: fits the TF-IDF vocabulary and idf weights on the training texts → models/vectorizer.json. */
import { TfidfVectorizer } from '@mloop/models';
import { readMessages, readParams, textsAndLabels, writeJson } from './common';

const { features } = readParams();
const { texts } = textsAndLabels(await readMessages('data/train.csv'));
const vectorizer = new TfidfVectorizer({
  ngramRange: [1, features.ngramMax],
  minDf: features.minDf,
  sublinearTf: features.sublinearTf,
}).fit(texts);
writeJson('models/vectorizer.json', vectorizer.toJSON());
const vocabularySize = vectorizer.transform(texts.slice(0, 1)).cols;
writeJson('metrics/features.json', { vocabularySize });
console.log(`TF-IDF vocabulary: ${vocabularySize} terms (n-grams 1–${features.ngramMax}, minDf ${features.minDf})`);

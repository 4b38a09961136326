export { Transformer, type TransformerOptions } from './transformer.ts';

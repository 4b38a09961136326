export { applyMap, type MapFunction, type MapRow, picker, readPath, type TransformMap } from './engine.ts';
export { mappingErrors } from './errors.ts';

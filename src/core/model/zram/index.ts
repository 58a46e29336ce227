// The zram side of the model: page corpus with real compression, zsmalloc, zram accounting, measured costs.
export { PAGE_SIZE, PAGE_CLASSES, DEFAULT_MIX, PageGenerator, isSameFilled, isZeroPage, normaliseMix, parseMix } from './pageClasses';
export type { PageClass, ClassMix } from './pageClasses';
export { PageCorpus, compressorFor } from './corpus';
export type { PageSample, CorpusFigures, CorpusOptions, PageCompressor, ClassContribution } from './corpus';
export { fitMix, buildFittedCorpus } from './corpusFit';
export type { FitTargets, FitOptions, CorpusFit } from './corpusFit';
export { ZramDevice } from './zramDevice';
export type { ZramOptions, MmStat, SlotKind } from './zramDevice';
export { buildClassTable, classIndexFor, ZsPool } from './zsmalloc';
export type { SizeClass, ClassTable } from './zsmalloc';
export { MEASURED_CLASS_COSTS, MEASURED_ON, PUBLIC_THROUGHPUTS } from './measuredCosts';
export type { MeasuredClassCost, PublicThroughput } from './measuredCosts';
export { Lz4PageCompressor } from './lz4Page';
export { LzoRlePageCompressor, decodeLzoRle } from './lzoRle';

// The race engineer's figures on one race: classification, stints, history, distributions, head-to-head.
// Pure: the worker builds RaceData from its lap table (race-data.ts); the page computes the rest from it.
export { MARK, raceData, raceSummaries, carKeyOf, classOf, driverOf, stintLapsOf } from './race-data';
export type { RaceCar, RaceData, RaceSummary } from './race-data';
export { classify, bestNAverageS, raceTimeS, theoreticalBestS, DEFAULT_BEST_N } from './classification';
export type { ClassifiedCar, ClassificationOptions } from './classification';
export { stintsOf, startsStint, MIN_DEGRADATION_LAPS } from './stints';
export type { Stint, StintEnd, StintLaps } from './stints';
export { raceHistory, raceTimes } from './history';
export type { CarHistory } from './history';
export { boxStats, freedmanDiaconisBins, theilSen } from './robust';
export type { BoxStats, HistogramBin, RobustSlope } from './robust';
export { headToHead } from './head-to-head';
export type { HeadToHead, HeadToHeadLap } from './head-to-head';
export { allRaceData } from './race-data';
export { stintsByCar, carStintRows } from './envelope-stints';
export type { EnvelopeStint } from './envelope-stints';

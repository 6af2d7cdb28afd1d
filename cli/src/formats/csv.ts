/**
 * `bimetal score --format csv`: the report layer's CSV (report/src/csv.ts), shared with the
 * results panel's export so both write the same columns.
 */
export { csvColumns, csvHeader, csvLine, csvRow, csvText, recordsToCsv } from '../../../report/src/csv';

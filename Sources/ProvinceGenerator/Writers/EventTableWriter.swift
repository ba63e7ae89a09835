import Enforcement
import Foundation

/// Writes `events.csv` (`source_id,date,kind,status,deadline`), already sorted by date then
/// source id by the history builder.
struct EventTableWriter {
    let history: HistoryBuilder.History

    static let header = "source_id,date,kind,status,deadline\n"

    func write(to url: URL) throws -> (rows: Int, bytes: Int) {
        let events = history.events
        let dates = (0...(CivilDate.asOf + 400)).map { CivilDate.iso($0) }
        let kinds = EventKind.allCases.map { Array($0.rawValue.utf8) }
        let statuses = [[UInt8]()] + SourceStatus.allCases.map { Array($0.rawValue.utf8) }
        let count = events.count
        let bytes = try DatasetFile.write(to: url) { file in
            file.out.text(Self.header)
            try Parallel.formatInBatches(count: count, chunkSize: 65_536, { range in
                var out = ByteBuffer(capacity: range.count * 48)
                for n in range {
                    let e = events[n]
                    SourceTableWriter.sourceID(Int(e.source), into: &out)
                    out.byte(44)
                    out.append(dates[Int(e.day)])
                    out.byte(44)
                    out.append(kinds[Int(e.kind)])
                    out.byte(44)
                    out.append(statuses[Int(e.status)])
                    out.byte(44)
                    if e.deadline >= 0 { out.append(dates[min(Int(e.deadline), dates.count - 1)]) }
                    out.byte(10)
                }
                return out.bytes
            }, write: file.write)
        }
        return (count, bytes)
    }
}

import Foundation

extension SourceRecord {
    /// Whether the ids strictly increase byte by byte (UTF-8): a list in this order holds no
    /// duplicate, and bureau exports come sorted, so the duplicate check can skip its dictionary.
    ///
    /// Records are read in place: walking pairs of records by value (`zip(a, a.dropFirst())`)
    /// retains and releases every string of every record, which costs more than the comparisons.
    public static func areInStrictByteOrder(_ records: [SourceRecord]) -> Bool {
        records.withUnsafeBufferPointer { rows in
            for i in rows.indices.dropFirst() where !idPrecedes(rows[i - 1].sourceID, rows[i].sourceID) { return false }
            return true
        }
    }

    /// Whether the ids are in ascending `String` order, the order the register is kept in.
    public static func areInIDOrder(_ records: [SourceRecord]) -> Bool {
        records.withUnsafeBufferPointer { rows in
            for i in rows.indices.dropFirst() where !(rows[i - 1].sourceID < rows[i].sourceID) { return false }
            return true
        }
    }

    /// Whether id `a` comes strictly before `b` byte by byte (UTF-8).
    public static func idPrecedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order < 0 || (order == 0 && x.count < y.count)
            }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), the form the weekly
/// replay compares and subtracts: a week is seven consecutive day numbers, and days overdue is
/// a subtraction, without a `Calendar` or a `Date` per event.
public enum CivilDay {
    /// The day number of `year-month-day`.
    @inlinable
    public static func number(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day number of an ISO `YYYY-MM-DD` text (a longer text is read to its tenth byte, so
    /// a timestamp counts as its day); nil for anything else. Reads bytes without allocating:
    /// it runs once per event of a province.
    @inlinable
    public static func number(isoBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digit(_ k: Int) -> Int? {
            let byte = bytes[k]
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte &- UInt8(ascii: "0")) : nil
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3), let m0 = digit(5), let m1 = digit(6),
            let d0 = digit(8), let d1 = digit(9)
        else { return nil }
        let month = m0 * 10 + m1, day = d0 * 10 + d1
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return number(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: month, day: day)
    }

    /// The day number of an ISO `YYYY-MM-DD` string.
    public static func number(iso text: String) -> Int? {
        var text = text
        return text.withUTF8 { number(isoBytes: $0) }
    }

    /// The year, month and day of a day number (Howard Hinnant's civil_from_days).
    public static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The ISO `YYYY-MM-DD` text of a day number.
    public static func iso(_ number: Int) -> String {
        let (year, month, day) = civil(number)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}

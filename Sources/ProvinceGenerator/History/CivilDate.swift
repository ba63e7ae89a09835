import Enforcement

/// Calendar days as integers counted from 2019-01-01 (day 0), so the history can sort and
/// compare dates as numbers and format them without Foundation's calendar.
enum CivilDate {
    /// Day index of 2020-01-01.
    static let start2020 = 365
    /// Day index of 2020-12-31, the as-of date of the dataset.
    static let asOf = 730

    /// Days since 1970-01-01 of a civil date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int { CivilDay.number(year: year, month: month, day: day) }

    private static let epoch2019 = daysFromCivil(year: 2019, month: 1, day: 1)

    /// Day index (from 2019-01-01) of a civil date.
    static func index(year: Int, month: Int, day: Int) -> Int {
        daysFromCivil(year: year, month: month, day: day) - epoch2019
    }

    /// The civil date of a day index.
    static func civil(_ index: Int) -> (year: Int, month: Int, day: Int) { CivilDay.civil(index + epoch2019) }

    /// 0 = Monday … 6 = Sunday (2019-01-01 was a Tuesday).
    static func weekday(_ index: Int) -> Int { ((index + 1) % 7 + 7) % 7 }

    /// `YYYY-MM-DD` as bytes.
    static func iso(_ index: Int) -> [UInt8] {
        let (y, m, d) = civil(index)
        var buffer = ByteBuffer(capacity: 10)
        buffer.digits(y, width: 4)
        buffer.byte(UInt8(ascii: "-"))
        buffer.digits(m, width: 2)
        buffer.byte(UInt8(ascii: "-"))
        buffer.digits(d, width: 2)
        return buffer.bytes
    }
}

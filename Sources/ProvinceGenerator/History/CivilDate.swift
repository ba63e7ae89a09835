/// Calendar days as integers counted from 2019-01-01 (day 0), so the history can sort and
/// compare dates as numbers and format them without Foundation's calendar.
enum CivilDate {
    /// Day index of 2020-01-01.
    static let start2020 = 365
    /// Day index of 2020-12-31, the as-of date of the dataset.
    static let asOf = 730

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static let epoch2019 = daysFromCivil(year: 2019, month: 1, day: 1)

    /// Day index (from 2019-01-01) of a civil date.
    static func index(year: Int, month: Int, day: Int) -> Int {
        daysFromCivil(year: year, month: month, day: day) - epoch2019
    }

    /// The civil date of a day index.
    static func civil(_ index: Int) -> (year: Int, month: Int, day: Int) {
        let z = index + epoch2019 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

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

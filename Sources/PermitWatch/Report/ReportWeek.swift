import Enforcement

/// An ISO week (Monday to Sunday) as the weekly report counts it, by `CivilDay` numbers.
///
/// Dates in the register are local dates of Asia/Shanghai, so a week is its seven dates: no
/// time-zone arithmetic is needed once events carry dates.
public struct ReportWeek: Sendable, Equatable, CustomStringConvertible {
    /// `CivilDay` number of the Monday.
    public let monday: Int

    /// The week that contains `day`.
    public init(containing day: Int) {
        // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
        let weekday = ((day + 3) % 7 + 7) % 7
        monday = day - weekday
    }

    /// `2020-W40`; nil for anything else or a week that does not exist.
    public init?(parsing text: String) {
        guard let week = ISOWeek(parsing: text), let monday = CivilDay.number(iso: week.monday) else { return nil }
        self.monday = monday
    }

    public var sunday: Int { monday + 6 }
    public var mondayText: String { CivilDay.iso(monday) }
    public var sundayText: String { CivilDay.iso(sunday) }
    public var previous: ReportWeek { ReportWeek(containing: monday - 7) }

    /// The ISO name: the year of the week's Thursday and the week number within that year.
    public var description: String {
        let thursday = monday + 3
        let year = Int(CivilDay.iso(thursday).prefix(4))!
        let week = (thursday - CivilDay.number(year: year, month: 1, day: 1)) / 7 + 1
        return "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// The last week that is complete on `day`: the week of `day` when it is a Sunday, else the one before.
    public static func lastComplete(on day: Int) -> ReportWeek {
        let week = ReportWeek(containing: day)
        return week.sunday == day ? week : week.previous
    }
}

import Enforcement
import Store

/// Checks of the user's values against what the data holds: an area code some area has, a
/// week the history reaches.
///
/// A value that is well formed but matches nothing (`--area 9999`, a week before the first
/// event) would otherwise select nothing and be answered with an empty list or zeros that
/// look like a finding. Every use case that filters by area or week calls these, so the CLI
/// (exit 2) and the HTTP API (400) refuse it with the same words.
public enum DataChecks {
    /// What an area parameter must name.
    public static let areaExpected = "the code of a prefecture, county, town or grid in this database"

    /// The level of the area `code` names; nil when no code was given.
    ///
    /// - Throws: `ParameterError` (rejected) naming `parameter` when no area has `code`.
    @discardableResult
    public static func area(_ code: String?, parameter: String = "area", in store: any AreaStore) throws -> AreaLevel? {
        guard let code else { return nil }
        guard let level = try store.areaLevel(ofCode: code) else {
            throw ParameterError(parameter, code, "no prefecture, county, town or grid has this code; expected \(areaExpected)", kind: .rejected)
        }
        return level
    }

    /// What was expected, when the week from `monday` to `sunday` (`YYYY-MM-DD`) cannot be
    /// answered from the history; nil when it can: it must share a day with the events' span.
    public static func weekProblem(_ week: String, monday: String, sunday: String, in store: any SourceRegister) throws -> String? {
        guard let span = try store.eventDateRange() else {
            return "a week of the history, and the database holds no events"
        }
        guard sunday >= span.lowerBound, monday <= span.upperBound else {
            return "a week the data's events reach (\(span.lowerBound), in \(isoWeek(span.lowerBound)), "
                + "to \(span.upperBound), in \(isoWeek(span.upperBound)))"
        }
        return nil
    }

    /// - Throws: `ParameterError` (rejected) naming `parameter` when the history does not reach `week`.
    public static func week(_ week: ReportWeek, parameter: String = "week", in store: any SourceRegister) throws {
        if let problem = try weekProblem(week.description, monday: week.mondayText, sunday: week.sundayText, in: store) {
            throw ParameterError(parameter, week.description, "outside the data's history; expected " + problem, kind: .rejected)
        }
    }

    private static func isoWeek(_ day: String) -> String {
        CivilDay.number(iso: day).map { ReportWeek(containing: $0).description } ?? day
    }
}

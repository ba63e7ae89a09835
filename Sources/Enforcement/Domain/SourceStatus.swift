import Foundation

/// Where a fixed pollution source stands under the permit system.
///
/// The raw values are the spellings used in files, the database and over HTTP.
public enum SourceStatus: String, CaseIterable, Codable, Sendable, Comparable {
    /// Holds a pollutant discharge permit (management category `key` or `simplified`).
    case permitted
    /// Filed a pollutant discharge registration (category `registration`).
    case registered
    /// Received a notice for rectification within a time limit; carries a deadline.
    case rectifying
    /// Classified and marked under special circumstances (closed, not yet operating, …).
    case special
    /// Discharging with neither permit nor registration: the enforcement target.
    case unlicensed

    /// Parses English or Chinese spellings as they appear in bureau spreadsheets.
    public init?(parsing text: String) {
        // The canonical spelling first: this runs for every row of a large file.
        if let status = SourceStatus(rawValue: text) {
            self = status
            return
        }
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let status = SourceStatus(rawValue: key) {
            self = status
            return
        }
        switch key {
        case "排污许可", "许可", "已发证", "发证", "持证", "permit", "licensed": self = .permitted
        case "登记", "排污登记", "已登记", "registration": self = .registered
        case "限期整改", "整改", "rectification": self = .rectifying
        case "特殊情形", "特殊", "特殊情形标记": self = .special
        case "无证", "无证排污", "未发证", "unlicenced", "unpermitted": self = .unlicensed
        default: return nil
        }
    }

    public static func < (lhs: SourceStatus, rhs: SourceStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Every accepted spelling, for error messages.
    public static let acceptedSpellings =
        "permitted/排污许可, registered/登记, rectifying/限期整改, special/特殊情形, unlicensed/无证"
}

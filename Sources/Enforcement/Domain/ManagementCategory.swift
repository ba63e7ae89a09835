/// The management category of the permit system a source falls under.
///
/// Permitted sources are `key` or `simplified`; registered ones are `registration`.
public enum ManagementCategory: String, CaseIterable, Codable, Sendable {
    case key
    case simplified
    case registration

    /// Parses English or Chinese spellings (重点管理, 简化管理, 登记管理).
    public init?(parsing text: String) {
        if let category = ManagementCategory(rawValue: text) {
            self = category
            return
        }
        switch text.lowercased() {
        case "key", "重点", "重点管理": self = .key
        case "simplified", "简化", "简化管理": self = .simplified
        case "registration", "登记", "登记管理": self = .registration
        default: return nil
        }
    }
}

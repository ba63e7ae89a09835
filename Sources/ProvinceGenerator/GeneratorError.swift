/// Why a dataset could not be generated.
public enum GeneratorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Options outside the range the generator supports; the message names the option.
    case invalidOption(String)
    /// A file or directory could not be created or written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidOption(let message): "invalid generator option: \(message)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}

import ArgumentParser
import PermitWatch

/// Runs a use case's parser from a command's `validate()`: a value it refuses is a usage error,
/// shown with the command's usage (exit 64), as the argument parser shows its own.
///
/// The argument parser takes usage errors from `validate()` only as `ValidationError`; every
/// other error is mapped once, at the root (`PermitWatchCommand.main`).
func checkingUsage<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any ClassifiedError {
        throw ValidationError(error.message(for: .commandLine))
    }
}

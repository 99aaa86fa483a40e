namespace Utilities.Host.Startup;

/// <summary>
/// A configuration or environment problem the operator must fix. Program prints its message as
/// one line and exits; no stack trace.
/// </summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

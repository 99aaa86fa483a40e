namespace Utilities.Host.Composition;

/// <summary>Endpoint metadata naming the module that serves a request, for logs.</summary>
internal sealed record ModuleTag(string Name);

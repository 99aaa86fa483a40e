namespace Utilities.Platform.Modules;

/// <summary>The three user interfaces over the same module pages.</summary>
public enum UiShell
{
    /// <summary>Consumers' web cabinet at <c>/</c>.</summary>
    Cabinet,

    /// <summary>Operators, inspectors, accountants and administrators at <c>/office</c>.</summary>
    Office,

    /// <summary>Terminals in the centre's office at <c>/kiosk</c>.</summary>
    Kiosk,
}

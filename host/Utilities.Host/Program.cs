using Utilities.Host;

return await HostProgram.RunAsync(args);

/// <summary>The entry point type, public for WebApplicationFactory in the host's tests.</summary>
public partial class Program;

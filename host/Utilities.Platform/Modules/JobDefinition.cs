namespace Utilities.Platform.Modules;

/// <summary>A scheduled job a module runs; jobs are leased through the database so one host runs each.</summary>
public sealed record JobDefinition(string Name, Type JobType, string CronSchedule);

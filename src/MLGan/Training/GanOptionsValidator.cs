namespace MLGan.Training;

/// <summary>
/// Checks every <see cref="GanOptions"/> field and combination before any tensor is allocated.
/// Each message names the option, the bad value and what to do.
/// </summary>
internal static class GanOptionsValidator
{
    public static void Validate(GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireName(options.FeatureColumnName, nameof(GanOptions.FeatureColumnName));
        if (options.OutputColumnName is not null)
            RequireName(options.OutputColumnName, nameof(GanOptions.OutputColumnName));
        if (options.LatentColumnName is not null)
            RequireName(options.LatentColumnName, nameof(GanOptions.LatentColumnName));

        RequirePositive(options.Networks.LatentDimension, "Networks.LatentDimension");
        RequireLayers(options.Networks.Generator.HiddenLayers, "Networks.Generator.HiddenLayers");
        RequireLayers(options.Networks.Discriminator.HiddenLayers, "Networks.Discriminator.HiddenLayers");
        RequireDefined(options.Networks.Generator.Activation, "Networks.Generator.Activation");
        RequireDefined(options.Networks.Discriminator.Activation, "Networks.Discriminator.Activation");
        RequireDefined(options.Networks.Generator.Normalization, "Networks.Generator.Normalization");
        RequireDefined(options.Objective.Loss, "Objective.Loss");
        if (options.Objective.Loss == GanLoss.WassersteinGP)
            RequirePositive(options.Objective.GradientPenaltyWeight, "Objective.GradientPenaltyWeight");
        if (options.Objective.Loss == GanLoss.Wasserstein)
            RequirePositive(options.Objective.WeightClipValue, "Objective.WeightClipValue");
        RequireDefined(options.Networks.Discriminator.Normalization, "Networks.Discriminator.Normalization");

        RequirePositive(options.Schedule.Epochs, "Schedule.Epochs");
        if (options.Schedule.MaxSteps is int maxSteps)
            RequirePositive(maxSteps, "Schedule.MaxSteps");
        RequirePositive(options.Schedule.BatchSize, "Schedule.BatchSize");
        RequirePositive(options.Schedule.DiscriminatorStepsPerGeneratorStep, "Schedule.DiscriminatorStepsPerGeneratorStep");
        RequirePositive(options.Schedule.Generator.LearningRate, "Schedule.Generator.LearningRate");
        RequirePositive(options.Schedule.Discriminator.LearningRate, "Schedule.Discriminator.LearningRate");
        RequireBeta(options.Schedule.Generator.Beta1, "Schedule.Generator.Beta1");
        RequireBeta(options.Schedule.Generator.Beta2, "Schedule.Generator.Beta2");
        RequireBeta(options.Schedule.Discriminator.Beta1, "Schedule.Discriminator.Beta1");
        RequireBeta(options.Schedule.Discriminator.Beta2, "Schedule.Discriminator.Beta2");
        if (options.Run.NumberOfThreads is int threads)
            RequirePositive(threads, "Run.NumberOfThreads");
        RequirePositive(options.Run.ReportInterval, "Run.ReportInterval");
        RemedyValidator.Validate(options);
        options.Monitor?.Validate();
        SizeLimits.CheckMonitor(options.Monitor);
        SizeLimits.Check(options); // the feature size is not known yet; Fit checks again with it
        TorchDevices.Parse(options.Run.Device); // throws with the accepted forms
    }

    internal static void RequireName(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"GanOptions.{option} must name a column (got '{value}').", option);
    }

    internal static void RequirePositive(double value, string option)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} must be a positive finite number (got {value}).");
    }

    private static void RequireBeta(double value, string option)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} is an Adam beta and must be in [0, 1) (got {value}).");
    }

    private static void RequireLayers(int[]? layers, string option)
    {
        if (layers is null)
            throw new ArgumentNullException(option, $"GanOptions.{option} must be an array of layer widths (use an empty array for no hidden layer).");
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] <= 0)
                throw new ArgumentOutOfRangeException(option, layers[i], $"GanOptions.{option}[{i}] must be a positive layer width (got {layers[i]}).");
        }
    }

    private static void RequireDefined<T>(T value, string option) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} = {value} is not a known {typeof(T).Name}; use one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }
}

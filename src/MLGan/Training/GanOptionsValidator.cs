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

        RequirePositive(options.LatentDimension, nameof(GanOptions.LatentDimension));
        RequireLayers(options.GeneratorHiddenLayers, nameof(GanOptions.GeneratorHiddenLayers));
        RequireLayers(options.DiscriminatorHiddenLayers, nameof(GanOptions.DiscriminatorHiddenLayers));
        RequireDefined(options.GeneratorActivation, nameof(GanOptions.GeneratorActivation));
        RequireDefined(options.DiscriminatorActivation, nameof(GanOptions.DiscriminatorActivation));
        RequireDefined(options.GeneratorNormalization, nameof(GanOptions.GeneratorNormalization));
        RequireDefined(options.Loss, nameof(GanOptions.Loss));
        if (options.Loss == GanLoss.WassersteinGP)
            RequirePositive(options.GradientPenaltyWeight, nameof(GanOptions.GradientPenaltyWeight));
        if (options.Loss == GanLoss.Wasserstein)
            RequirePositive(options.WeightClipValue, nameof(GanOptions.WeightClipValue));
        RequireDefined(options.DiscriminatorNormalization, nameof(GanOptions.DiscriminatorNormalization));

        RequirePositive(options.Epochs, nameof(GanOptions.Epochs));
        if (options.MaxSteps is int maxSteps)
            RequirePositive(maxSteps, nameof(GanOptions.MaxSteps));
        RequirePositive(options.BatchSize, nameof(GanOptions.BatchSize));
        RequirePositive(options.DiscriminatorStepsPerGeneratorStep, nameof(GanOptions.DiscriminatorStepsPerGeneratorStep));
        RequirePositive(options.GeneratorLearningRate, nameof(GanOptions.GeneratorLearningRate));
        RequirePositive(options.DiscriminatorLearningRate, nameof(GanOptions.DiscriminatorLearningRate));
        RequireBeta(options.GeneratorBeta1, nameof(GanOptions.GeneratorBeta1));
        RequireBeta(options.GeneratorBeta2, nameof(GanOptions.GeneratorBeta2));
        RequireBeta(options.DiscriminatorBeta1, nameof(GanOptions.DiscriminatorBeta1));
        RequireBeta(options.DiscriminatorBeta2, nameof(GanOptions.DiscriminatorBeta2));
        if (options.NumberOfThreads is int threads)
            RequirePositive(threads, nameof(GanOptions.NumberOfThreads));
        RequirePositive(options.ReportInterval, nameof(GanOptions.ReportInterval));
        RemedyValidator.Validate(options);
        options.CollapseMonitor?.Validate();
        SizeLimits.CheckMonitor(options.CollapseMonitor);
        SizeLimits.Check(options); // the feature size is not known yet; Fit checks again with it
        TorchDevices.Parse(options.Device); // throws with the accepted forms
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

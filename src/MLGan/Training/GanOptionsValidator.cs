using static MLGan.OptionChecks;

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
        RequireSet(options.Networks, "Networks");
        RequireSet(options.Networks.Generator, "Networks.Generator");
        RequireSet(options.Networks.Discriminator, "Networks.Discriminator");
        RequireSet(options.Objective, "Objective");
        RequireSet(options.Remedies, "Remedies");
        foreach (var field in typeof(GanRemedyOptions).GetFields())
            RequireSet(field.GetValue(options.Remedies), "Remedies." + field.Name);
        RequireSet(options.Schedule, "Schedule");
        RequireSet(options.Schedule.Generator, "Schedule.Generator");
        RequireSet(options.Schedule.Discriminator, "Schedule.Discriminator");
        RequireSet(options.Run, "Run");
        RequireName(options.FeatureColumnName, nameof(GanOptions.FeatureColumnName));
        if (options.OutputColumnName is not null)
            RequireName(options.OutputColumnName, nameof(GanOptions.OutputColumnName));
        if (options.LatentColumnName is not null)
            RequireName(options.LatentColumnName, nameof(GanOptions.LatentColumnName));
        if (options.LabelColumnName is not null)
        {
            RequireName(options.LabelColumnName, nameof(GanOptions.LabelColumnName));
            if (options.ResolvedOutputColumnName == options.LabelColumnName)
                throw new ArgumentException(
                    $"GanOptions.OutputColumnName (or, unset, FeatureColumnName) is '{options.LabelColumnName}', the label column: generated rows would hide their labels. Use another output column name.",
                    nameof(GanOptions.OutputColumnName));
        }

        RequireDefined(options.SlotTransform, nameof(GanOptions.SlotTransform));
        RequireDefined(options.Whitening, nameof(GanOptions.Whitening));
        RequireDefined(options.ModeNormalization, nameof(GanOptions.ModeNormalization));
        if (options.Networks.LatentDimension is int latent)
            RequirePositive(latent, "Networks.LatentDimension");
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
        RequireDefined(options.Networks.Architecture, "Networks.Architecture");
        RequireSet(options.Networks.Convolutional, "Networks.Convolutional");
        RequireInRange(options.Networks.Convolutional.GeneratorWidth, 1, Networks.Convolutional.DcganLayout.MaxWidth, "Networks.Convolutional.GeneratorWidth");
        RequireInRange(options.Networks.Convolutional.DiscriminatorWidth, 1, Networks.Convolutional.DcganLayout.MaxWidth, "Networks.Convolutional.DiscriminatorWidth");
        RequireDefined(options.Networks.Convolutional.GeneratorNormalization, "Networks.Convolutional.GeneratorNormalization");
        RequireDefined(options.Networks.Convolutional.DiscriminatorNormalization, "Networks.Convolutional.DiscriminatorNormalization");

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
        if (options.Run.Checkpoint is { } checkpoint)
        {
            RequireName(checkpoint.Path, "Run.Checkpoint.Path", "a file");
            RequirePositive(checkpoint.Interval, "Run.Checkpoint.Interval");
        }
        if (options.Run.DivergenceRecovery is { } recovery)
        {
            RequireInRange(recovery.MaxRollbacks, 1, 100, "Run.DivergenceRecovery.MaxRollbacks");
            if (!(recovery.LearningRateFactor is > 0 and < 1))
                throw new ArgumentOutOfRangeException("Run.DivergenceRecovery.LearningRateFactor", recovery.LearningRateFactor,
                    $"GanOptions.Run.DivergenceRecovery.LearningRateFactor must be in (0, 1) (got {recovery.LearningRateFactor}).");
        }
        if (options.Run.ResumeFrom is not null)
            RequireName(options.Run.ResumeFrom, "Run.ResumeFrom", "a checkpoint file");
        if (options.Run.TensorBoardLogDirectory is not null)
            RequireName(options.Run.TensorBoardLogDirectory, "Run.TensorBoardLogDirectory", "a folder");
        RemedyValidator.Validate(options);
        options.Monitor?.Validate();
        SizeLimits.CheckMonitor(options.Monitor);
        SizeLimits.Check(options); // the feature size is not known yet; Fit checks again with it
        TorchDevices.Parse(options.Run.Device); // throws with the accepted forms
    }
}

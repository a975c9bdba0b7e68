using MLGan.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan;

/// <summary>Nonlinearity used between the hidden layers of a GAN network.</summary>
public enum GanActivation
{
    /// <summary>max(0, x).</summary>
    ReLU = 0,
    /// <summary>max(0.2x, x): keeps a gradient for negative inputs; the usual discriminator choice.</summary>
    LeakyReLU = 1,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,
    /// <summary>Exponential linear unit.</summary>
    ELU = 3,
    /// <summary>x * sigmoid(x) (also called Swish).</summary>
    SiLU = 4,
    /// <summary>
    /// Maxout (Goodfellow et al. 2013) with <see cref="GanActivationModules.MaxoutPieces"/> pieces: each hidden unit is
    /// the largest of several linear units. The discriminator of the PacGAN and VEEGAN synthetic experiments.
    /// </summary>
    Maxout = 5,
}

internal static class GanActivationModules
{
    /// <summary>Linear pieces per maxout unit (5 in the PacGAN networks).</summary>
    public const int MaxoutPieces = 5;

    /// <summary>How many linear outputs feed one hidden unit.</summary>
    public static int LinearUnitsPerHiddenUnit(GanActivation activation) => activation == GanActivation.Maxout ? MaxoutPieces : 1;

    public static nn.Module<Tensor, Tensor> Create(GanActivation activation) => activation switch
    {
        GanActivation.ReLU => nn.ReLU(),
        GanActivation.LeakyReLU => new LeakyReLU(0.2),
        GanActivation.Tanh => nn.Tanh(),
        GanActivation.ELU => new ELU(),
        GanActivation.SiLU => nn.SiLU(),
        GanActivation.Maxout => new Maxout(MaxoutPieces),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}

namespace MLGan.Benchmarks;

/// <summary>
/// Published mode-collapse numbers on the synthetic protocols (ring and grid, see CollapseProtocol), printed beside ours and labelled as
/// published. PacGAN (Lin et al. 2018, Table 2) reports modes / % high quality / reverse KL after 400,000 steps with
/// its own networks; VEEGAN (Srivastava et al. 2017, Table 1) reports modes / % high quality.
/// </summary>
internal static class PublishedResults
{
    public sealed record Published(string Method, string Source, double Modes, double HighQuality, double? ReverseKL);

    public static IReadOnlyList<Published> For(string data) => data switch
    {
        "ring" => new Published[]
        {
            new("GAN", "PacGAN", 6.3, 98.2, 0.45), new("ALI", "PacGAN", 6.6, 97.6, 0.36),
            new("PacGAN2", "PacGAN", 7.9, 95.6, 0.07), new("PacGAN3", "PacGAN", 7.8, 97.7, 0.10), new("PacGAN4", "PacGAN", 7.8, 95.9, 0.07),
            new("GAN", "VEEGAN", 1, 99.3, null), new("Unrolled GAN", "VEEGAN", 7.6, 35.6, null), new("VEEGAN", "VEEGAN", 8, 52.9, null),
        },
        "grid" => new Published[]
        {
            new("GAN", "PacGAN", 17.3, 94.8, 0.70), new("ALI", "PacGAN", 24.1, 95.7, 0.14),
            new("PacGAN2", "PacGAN", 23.8, 91.3, 0.13), new("PacGAN3", "PacGAN", 24.6, 94.2, 0.06), new("PacGAN4", "PacGAN", 24.8, 93.6, 0.04),
            new("GAN", "VEEGAN", 3.3, 0.5, null), new("Unrolled GAN", "VEEGAN", 23.6, 16, null), new("VEEGAN", "VEEGAN", 24.6, 40, null),
        },
        _ => Array.Empty<Published>(),
    };
}

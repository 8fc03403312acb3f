import { runService } from '@mdp/runtime/service-main';
import { createApp } from './app';
import { loadConfig } from './config';

// Room for the cycle in flight and one last cycle for what the stream buffered.
void runService({ name: 'producer', loadConfig, createApp, shutdownTimeoutMs: () => 45_000 });

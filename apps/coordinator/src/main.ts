import { runService } from '@mdp/runtime/service-main';
import { createApp } from './app';
import { loadConfig } from './config';

void runService({ name: 'coordinator', loadConfig, createApp });

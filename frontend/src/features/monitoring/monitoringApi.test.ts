import { describe, expect, it } from 'vitest';
import { writable } from './monitoringApi';

describe('who writes what in a monitoring activity', () => {
  it('gives the teacher their reflection and the partner the summary and ratings while it is being written', () => {
    expect([...writable({ state: 'planned', acting_as: ['teacher'] })]).toEqual(['reflection', 'teacher_response']);
    expect([...writable({ state: 'planned', acting_as: ['partner'] })]).toEqual(['summary', 'fidelity', 'acceptability', 'reach', 'feasibility']);
  });
  it('leaves the teacher their response and the leader a note once it is submitted, and nothing once confirmed', () => {
    expect([...writable({ state: 'submitted', acting_as: ['teacher', 'leader'] })]).toEqual(['teacher_response', 'quality_note']);
    expect([...writable({ state: 'submitted', acting_as: ['partner'] })]).toEqual([]);
    expect([...writable({ state: 'confirmed', acting_as: ['teacher', 'partner', 'leader'] })]).toEqual([]);
  });
});
